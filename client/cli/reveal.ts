import type { RenderedDelivery } from '../../grammar/render/delivery';
import { resolveDelivery } from '../dispatch/resolve';
import { envSecretSource, type EnvLike } from '../dispatch/secrets';

/**
 * `render --reveal-secrets`: the deliveries with secret and `$Env` values
 * filled in from the environment (`NOTIFY_SECRET_*`), exactly as `send`
 * would fill them. Signatures stay placeholders: they depend on send time.
 */
export async function revealDeliveries(deliveries: readonly RenderedDelivery[], env: EnvLike, allowedEnv: readonly string[] = []): Promise<RenderedDelivery[]> {
  const out: RenderedDelivery[] = [];
  for (const d of deliveries) {
    const resolved = await resolveDelivery(d, { secrets: envSecretSource(env), env, allowEnv: true, allowedEnv });
    out.push({
      ...d,
      request: resolved.request && d.request ? { ...resolved.request, method: d.request.method } : d.request,
      email: resolved.email ?? d.email,
    });
  }
  return out;
}
