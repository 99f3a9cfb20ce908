// expect: fail "lets a throw from the file system reach the caller unchanged, after closing every file"
// Closes in a finally and returns the result from inside it. A `return` in a finally block
// replaces whatever was leaving the try — a throw included: the file system's bug is swallowed
// and the caller gets null, as if the copy had worked (Go: a deferred func that recovers every
// panic and returns nil).
import { DisposableStack } from "gosync";
import type * as context from "gosync/context";

export interface File {
  read(): Promise<[data: string, err: null] | [data: undefined, err: Error]>;
  write(data: string): Promise<Error | null>;
  close(): Error | null;
}

export interface FileSystem {
  open(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
  create(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
}

export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  if (ctx.err() !== null) return ctx.err();
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;
  let err: Error | null = null;
  try {
    for (const name of inputs) {
      if (ctx.err() !== null) {
        err = ctx.err();
        break;
      }
      using d = new DisposableStack();
      const [f, openErr] = await fs.open(name);
      if (openErr !== null) {
        err = openErr;
        break;
      }
      d.defer(() => f.close());
      const [data, readErr] = await f.read();
      if (readErr !== null) {
        err = readErr;
        break;
      }
      err = await out.write(data);
      if (err !== null) break;
    }
  } finally {
    const closeErr = out.close();
    // eslint-disable-next-line no-unsafe-finally
    return err ?? closeErr;
  }
}
