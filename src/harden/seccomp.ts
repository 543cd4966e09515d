export function seccompProfile(): object {
  return {};
}
