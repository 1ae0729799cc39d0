import type { Worker, WorkerContext } from '../../../common/module';
import { staleCrls } from './revocation.service';

const EVERY_MS = 15 * 60_000;

/** Logs every CRL past its next update, at start and every 15 minutes (a fresh one is the trading centre's job). */
export function startStaleCrlWatch(ctx: WorkerContext): Worker {
  let stopped = false;
  const check = async () => {
    try {
      for (const crl of await staleCrls(ctx.fork(), ctx.clock.now()))
        ctx.log(
          `warning: the CRL of "${crl.issuer}" is past its next update (${crl.nextUpdate}); STALE_CRL_POLICY=${ctx.config.staleCrlPolicy}`,
        );
    } catch {
      // the database may be starting or gone; /readyz reports that
    }
  };
  const first = setTimeout(() => void check(), 0);
  const timer = setInterval(() => void (stopped || check()), EVERY_MS);
  timer.unref?.();
  first.unref?.();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
