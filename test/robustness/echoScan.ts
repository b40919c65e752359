/**
 * Receivers that echo what they got — the request line, every header and
 * the body — back in each encoding of secretEchoes.ts (in the body, in a
 * `Location` header, in a custom header), for every hostile secret used as a
 * URL, as a header and in the body, through the real dispatcher and history.
 * Then every text a person could see (result, error, reply, progress lines,
 * history file) is searched for every echo form of every secret.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../client/dispatch/dispatcher';
import { HistoryStore } from '../../client/dispatch/history';
import { envSecretSource, secretEnvVarName } from '../../client/dispatch/secrets';
import { HttpReceiver, type RecordedRequest } from '../support/httpReceiver';
import { httpDelivery, recordingSleep } from '../support/deliveries';
import { echoForms, HOSTILE_SECRETS, WHOLE_VALUE } from './secretEchoes';

export interface EchoScanResult {
  /** Deliveries made (one per secret × place × echo encoding × reply status). */
  readonly tried: number;
  readonly held: number;
  readonly failed: number;
  readonly findings: string[];
  /** Control: how many deliveries the receiver saw with the secret in them. */
  readonly receiverSawSecret: number;
}

const ENCODINGS = echoForms('x').map(([how]) => how);

function echoOf(req: RecordedRequest, how: string): string {
  const seen = [`${req.method} ${req.path}`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`), req.body].join('\n');
  // The whole request text in one encoding, as a careless error page would show it.
  const form = echoForms(seen).find(([h]) => h === how);
  return form ? form[1] : seen;
}

export async function runEchoScan(options: { encodings?: readonly string[]; statuses?: readonly number[] } = {}): Promise<EchoScanResult> {
  const encodings = options.encodings ?? ENCODINGS.filter((e) => !/Basic|SMTP|segment|query value|request line|Location/.test(e));
  const statuses = options.statuses ?? [404, 500, 302];
  const receiver = await HttpReceiver.start();
  const dir = mkdtempSync(join(tmpdir(), 'notify-echo-'));
  const history = new HistoryStore(join(dir, 'history.jsonl'));
  const findings: string[] = [];
  let tried = 0;
  let receiverSawSecret = 0;
  try {
    for (const secret of HOSTILE_SECRETS) {
      const env = { [secretEnvVarName('s')]: secret.value };
      const url = /^https?:/.test(secret.value) ? new URL(secret.value) : null;
      const places = [
        // A URL secret is the whole URL; its path and query go to the receiver (on loopback).
        ...(url ? [{ where: 'url', delivery: (u: string) => httpDelivery(`${u}${url.pathname.slice(1)}${url.search}`.replace('‹', '‹'), {}) }] : []),
        { where: 'header', delivery: (u: string) => httpDelivery(u, { request: { headers: { 'X-Token': '‹secret:s›' } } }) },
        { where: 'body', delivery: (u: string) => httpDelivery(u, { request: { body: '{"token":"‹secret:s›"}' } }) },
        { where: 'query', delivery: (u: string) => httpDelivery(`${u}?key=‹secret:s›`, {}) },
      ];
      for (const place of places) {
        for (const how of encodings) {
          for (const status of statuses) {
            tried++;
            receiver.reset();
            receiver.replyByDefault((req) => {
              const echo = echoOf(req, how);
              return { status, body: `<html>Error: ${echo}</html>`, headers: { Location: `/moved?from=${encodeURIComponent(echo).slice(0, 2000)}`, 'X-Echo': echo.replace(/[^\x20-\x7e]/g, '?').slice(0, 4000) } };
            });
            const base = receiver.url('/');
            // For a URL secret the secret is the URL the receiver is reached at: the path is the secret's.
            const delivery = place.where === 'url' ? httpDelivery('‹secret:u›', {}) : place.delivery(base);
            const urlEnv = place.where === 'url' ? { [secretEnvVarName('u')]: `${base.slice(0, -1)}${url!.pathname}${url!.search}` } : {};
            const lines: string[] = [];
            const result = await dispatch(
              { ...delivery, transport: { ...delivery.transport, retries: 0 } },
              {
                secrets: envSecretSource({ ...env, ...urlEnv }),
                env: {},
                allowPrivate: true,
                allowEnv: true,
                version: '0.0.0-echo',
                history,
                sleep: recordingSleep().sleep,
                onAttempt: (a) => lines.push(JSON.stringify(a)),
              },
            );
            const sent = receiver.requests.map((r) => `${r.path}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n');
            const probe = place.where === 'url' ? url!.pathname.split('/').filter((s) => s.length >= 8).pop() ?? secret.value : secret.value;
            if (sent.includes(probe) || sent.includes(encodeURIComponent(probe)) || decodeURIComponent(sent.replace(/%(?![0-9a-fA-F]{2})/g, '%25')).includes(probe)) receiverSawSecret++;
            const visible = [JSON.stringify(result), result.error ?? '', result.reply ?? '', ...lines].join('\n');
            const leak = findLeak(visible, place.where === 'url' ? `${base.slice(0, -1)}${url!.pathname}${url!.search}` : secret.value, secret.user);
            if (leak) findings.push(`${secret.label} in ${place.where}, receiver echo ${how}, ${status}: ${leak}`);
          }
        }
      }
    }
    const historyText = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    for (const secret of HOSTILE_SECRETS) {
      const leak = findLeak(historyText, secret.value, secret.user);
      if (leak) findings.push(`${secret.label} in the history file: ${leak}`);
    }
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const failed = new Set(findings.map((f) => f.split(':')[0])).size;
  return { tried, held: tried - Math.min(tried, failed), failed: Math.min(tried, failed), findings, receiverSawSecret };
}

/** The first echo form of `value` (or of a distinctive fragment of it) found in `text`. */
export function findLeak(text: string, value: string, user?: string): string | null {
  const values = [value];
  if (/^https?:\/\//.test(value)) {
    const u = new URL(value);
    values.push(...u.pathname.split('/').filter((s) => s.length >= 16 || (s.length >= 6 && /[^a-z-]/.test(s))));
    for (const [, v] of u.searchParams) if (v.length >= 6) values.push(v);
  }
  for (const v of values) {
    for (const [how, form] of echoForms(v, user)) {
      if (form.length < 6 || !WHOLE_VALUE(how)) continue;
      if (text.includes(form)) return `${how} of ${JSON.stringify(v.slice(0, 12))}…`;
    }
  }
  return null;
}
