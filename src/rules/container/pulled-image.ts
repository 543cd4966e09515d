import type { ContainerFacts } from '../../facts/container.js';
import type { Located } from '../../facts/location.js';
import { parseImageReference, type ImageReference } from '../helpers/image-reference.js';

/**
 * The image reference a container pulls, when the text is a complete reference:
 * none for images Compose builds itself, and none while a variable is unresolved
 * (`$TAG` on a command line, or the `nginx:` an empty variable leaves behind).
 */
export function pulledImage(facts: ContainerFacts): { image: Located<string>; ref: ImageReference } | undefined {
  if (!facts.image || facts.builtLocally || facts.image.value.includes('$') || isImageId(facts.image.value)) return undefined;
  const ref = parseImageReference(facts.image.value);
  return ref && { image: facts.image, ref };
}

/** `sha256:<64 hex>` (or the bare hex): an image id names local content, fixed like a digest, and comes from no registry. */
function isImageId(image: string): boolean {
  return /^(?:sha256:)?[0-9a-f]{64}$/.test(image.trim());
}
