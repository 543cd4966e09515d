// A bare byte pipe for bench/proxy-cpu.ts (BARE=1): each client connection is
// piped to its own engine connection, no parsing at all. The floor any proxy
// process between client and engine pays on this machine.
import net from 'node:net';

const [listen, upstream] = process.argv.slice(2);
net
  .createServer((client) => {
    const engine = net.connect(upstream);
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  })
  .listen(listen, () => process.stderr.write('listening on ' + listen + '\n'));
process.on('SIGTERM', () => process.exit(0));
