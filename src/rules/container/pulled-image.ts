import type { ContainerFacts } from '../../facts/container.js';
import type { Located } from '../../facts/location.js';
import { parseImageReference, type ImageReference } from '../helpers/image-reference.js';

/**
 * The image reference a container pulls, when the text is a complete reference:
 * none for images Compose builds itself, and none while a variable is unresolved
 * (`$TAG` on a command line, or the `nginx:` an empty variable leaves behind).
 */
export function pulledImage(facts: ContainerFacts): { image: Located<string>; ref: ImageReference } | undefined {
  if (!facts.image || facts.builtLocally || facts.image.value.includes('$')) return undefined;
  const ref = parseImageReference(facts.image.value);
  return ref && { image: facts.image, ref };
}
