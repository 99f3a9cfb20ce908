import type * as context from "gosync/context";

/** File is an open file of the fake file system. Every method but close takes virtual time. */
export interface File {
  /** read returns the whole content of the file, or the error that stopped the read. */
  read(): Promise<[data: string, err: null] | [data: undefined, err: Error]>;
  /** write appends data to the file; it returns the error if it could not. */
  write(data: string): Promise<Error | null>;
  /**
   * close releases the file. For a file that was written it also reports whether what was
   * written reached the disk: a failed close means the data may be lost. Closing a file twice
   * returns an error.
   */
  close(): Error | null;
}

/** FileSystem opens existing files for reading and creates files for writing. */
export interface FileSystem {
  open(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
  create(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
}

/**
 * concat creates `output` and appends to it the content of every file in `inputs`, in order.
 * It returns null on success, else the first error met.
 *
 * This version is right only when nothing goes wrong: every early return leaves files open,
 * a throw from the file system leaves them open too, the context is never looked at, and the
 * output's close error is dropped.
 */
export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;

  for (const name of inputs) {
    const [f, openErr] = await fs.open(name);
    if (openErr !== null) return openErr;
    const [data, readErr] = await f.read();
    if (readErr !== null) return readErr;
    const writeErr = await out.write(data);
    if (writeErr !== null) return writeErr;
    f.close();
  }

  out.close();
  return null;
}
