import { setFlagsFromString } from 'node:v8';
import { setWorkerScript } from '../scan/parallel.js';
import { main } from './main.js';

// Compile the shell parser's WebAssembly with the baseline compiler only. With tier-up,
// V8 optimises the 1.3 MB module in the background and the process cannot exit until
// that finishes: over a second, for a parse that takes a few milliseconds.
setFlagsFromString('--liftoff-only');

setWorkerScript(new URL('./scan-worker.js', import.meta.url));
void main(process.argv);
