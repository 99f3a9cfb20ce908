import { DisposableStack } from "gosync";
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
 * It returns null on success, else the first error met (Go: `func Concat(…) (err error)`).
 *
 * Every file it opens is closed exactly once before it returns or throws, whichever way it
 * leaves: success, an error, the context ending, or a throw from the file system (which
 * reaches the caller unchanged). Each input is closed before the next one is opened. The
 * output's close error is the result when nothing failed before it: the written data may be
 * lost, and the caller must hear of it. Before opening each file it checks ctx and returns
 * ctx.err() once the context has ended.
 */
export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  const ended = ctx.err();
  if (ended !== null) return ended;
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;

  let err: Error | null = null;
  try {
    for (const name of inputs) {
      err = await append(ctx, fs, name, out);
      if (err !== null) break;
    }
  } finally {
    // Go: defer func() { if cerr := out.Close(); err == nil { err = cerr } }(). The finally
    // also runs on a throw, which then goes on to the caller; a `return` in here would
    // swallow it, so the result is returned after the block.
    const closeErr = out.close();
    if (err === null) err = closeErr;
  }
  return err;
}

/**
 * append copies one input to out. The input is deferred for closing right after it is opened,
 * so it is closed when append leaves — before the caller opens the next one. Its close error
 * is ignored: the file was only read, so nothing can have been lost.
 */
async function append(ctx: context.Context, fs: FileSystem, name: string, out: File): Promise<Error | null> {
  const ended = ctx.err();
  if (ended !== null) return ended;
  const [f, openErr] = await fs.open(name);
  if (openErr !== null) return openErr;
  using d = new DisposableStack();
  d.defer(() => f.close()); // Go: defer f.Close()

  const [data, readErr] = await f.read();
  if (readErr !== null) return readErr;
  return await out.write(data);
}
