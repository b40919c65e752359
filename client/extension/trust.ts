/**
 * What an untrusted workspace may do. A `.notify` file from a cloned
 * repository must not be able to send the user's secrets anywhere or reach
 * internal services, so in restricted mode only reading features work:
 * editing help (the language server) and the preview, which never sends and
 * never resolves secrets. Pure, so the rules are unit-tested.
 */
export type Feature = 'preview' | 'send' | 'secrets' | 'env' | 'resend';

export type Gate = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

const WHY =
  'A .notify file from a folder you have not trusted could send your secrets to any address or reach internal services.';

const REFUSALS: Record<Exclude<Feature, 'preview'>, string> = {
  send: 'Notify: sending test notifications is off because this workspace is not trusted.',
  resend: 'Notify: re-sending from the history is off because this workspace is not trusted.',
  secrets: 'Notify: secrets are off because this workspace is not trusted.',
  env: 'Notify: $Env values are off because this workspace is not trusted.',
};

export function gate(feature: Feature, trusted: boolean): Gate {
  if (trusted || feature === 'preview') return { allowed: true };
  return { allowed: false, message: `${REFUSALS[feature]} ${WHY} Trust the folder to turn it on.` };
}

/** The button that opens VS Code's trust editor (command `workbench.trust.manage`). */
export const MANAGE_TRUST = 'Manage Workspace Trust';
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';
