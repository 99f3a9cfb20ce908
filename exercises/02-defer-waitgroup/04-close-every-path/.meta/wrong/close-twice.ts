// expect: fail "copies every input into the output, in order, and closes every file"
// Defers each input's close right after the open, and then also closes it by hand after the
// write "to free it early". On the success path every input is closed twice; the second close
// returns an error nobody reads (Go's os.File says "file already closed"). A deferred close is
// the only close.
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
      f.close();
      if (err !== null) break;
    }
  } finally {
    const closeErr = out.close();
    if (err === null) err = closeErr;
  }
  return err;
}
