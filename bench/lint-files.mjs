// Lints every file in a list with one tool, in this process, and prints how many it read.
// Used by bench/run.ts so that each tool pays its own start-up in a fresh process.
import { readFileSync } from 'node:fs';

const [tool, listFile] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8'));

async function lintWith(name) {
  switch (name) {
    case 'hullcheck': {
      const { scanFiles } = await import('../dist/index.js');
      const result = await scanFiles(files);
      return result.inputs.length;
    }
    case 'dockerfilelint': {
      const { run } = (await import('dockerfilelint')).default;
      for (const file of files) run(process.cwd(), readFileSync(file, 'utf8'));
      return files.length;
    }
    case 'dockerfile-utils': {
      const { validate } = await import('dockerfile-utils');
      for (const file of files) validate(readFileSync(file, 'utf8'));
      return files.length;
    }
    default:
      throw new Error(`unknown tool ${name}`);
  }
}

const count = await lintWith(tool);
process.stdout.write(`${count}\n`);
