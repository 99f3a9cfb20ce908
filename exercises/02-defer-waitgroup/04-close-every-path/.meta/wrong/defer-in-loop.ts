// expect: fail "closes each input before it opens the next one"
// Every close is deferred on the function's own stack, inside the loop: each file is closed
// exactly once on every path, but only when concat returns, so all the inputs stay open
// together (Go's "defer in a loop" — with enough inputs, the process runs out of file
// descriptors). Close each input before opening the next: give the loop body a scope of its own.
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
  const d = new DisposableStack();
  try {
    for (const name of inputs) {
      if (ctx.err() !== null) {
        err = ctx.err();
        break;
      }
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
    d.dispose();
    const closeErr = out.close();
    if (err === null) err = closeErr;
  }
  return err;
}
