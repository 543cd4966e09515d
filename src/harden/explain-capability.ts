import { allCapabilities, type CapabilityInfo } from './data/capabilities.js';

/** `hullcheck explain cap NAME`: one capability, in full. */
export function capabilityExplanation(cap: CapabilityInfo): string {
  return [
    `CAP_${cap.name} (capability ${cap.number})`,
    `risk: ${cap.risk}; Docker grants it by default: ${cap.dockerDefault ? 'yes' : 'no'}`,
    '',
    `What it allows: ${cap.grants}`,
    `Who needs it: ${cap.neededBy}`,
    `What an attacker does with it: ${cap.abuse}`,
    '',
    cap.dockerDefault
      ? `Containers have it unless they drop it: cap_drop: [ALL] (--cap-drop ALL), then cap_add: [${cap.name}] only if the service needs it.`
      : `Containers get it only when asked: cap_add: [${cap.name}] (--cap-add ${cap.name}) or privileged mode.`,
    '',
  ].join('\n');
}

/** `hullcheck explain cap` without a name: every capability on one line. */
export function capabilityTable(): string {
  const caps = allCapabilities();
  const width = Math.max(...caps.map((c) => c.name.length));
  const lines = caps.map((c) => `${String(c.number).padStart(2)}  ${c.name.padEnd(width)}  ${c.risk.padEnd(8)}  ${c.dockerDefault ? 'default' : '       '}  ${c.grants}`);
  return `${lines.join('\n')}\n`;
}
