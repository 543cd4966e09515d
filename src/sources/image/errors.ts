/**
 * Why an image could not be read. The message is one line and names the
 * input, the image (when known) and the layer (by digest, when known), so a
 * user can tell which of several images in a run failed and where.
 */
export class ImageReadError extends Error {
  override readonly name = 'ImageReadError';

  constructor(
    message: string,
    /** The archive, layout directory or engine reference that was read. */
    readonly source: string,
    /** The image's label (`image:app:1@4773cd9357e6`) or reference, when known. */
    readonly image?: string,
    /** The layer's digest (or its path in the archive when no digest is known). */
    readonly layer?: string,
  ) {
    super(message);
  }
}

/**
 * A problem inside one blob (a layer or a JSON document), before it is known
 * which image uses it. The image reader turns it into an ImageReadError that
 * names the image and the layer.
 */
export class BlobError extends Error {
  override readonly name = 'BlobError';

  constructor(
    message: string,
    /** When the problem is in the combined filesystem: the index of the layer at fault. */
    readonly layerIndex?: number,
  ) {
    super(message);
  }
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
