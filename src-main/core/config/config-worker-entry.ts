/**
 * The config worker's program (bundled as config-worker.cjs): answers the jobs it is sent, one at a time.
 * See config-worker-pool.ts for why documents are checked here.
 */
import { parentPort } from 'node:worker_threads';
import { runConfigJob, type ConfigJob } from './config-worker-jobs';

parentPort?.on('message', (job: ConfigJob) => {
  runConfigJob(job).then(
    (value) => parentPort?.postMessage({ ok: true, value }),
    (err: unknown) => parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
  );
});
