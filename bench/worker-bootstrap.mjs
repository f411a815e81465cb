// Entry of benchmark worker threads: Node 20 does not pass the main thread's `--import tsx`
// hooks to workers, so register tsx here, then load the TypeScript module named in workerData.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
