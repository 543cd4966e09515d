import { setWorkerScript } from '../scan/parallel.js';
import { main } from './main.js';

setWorkerScript(new URL('./scan-worker.js', import.meta.url));
void main(process.argv);
