// expect: fail "stops before the next file once the context is cancelled, returns Canceled, and closes every file"
// Closes everything on every path and checks the output's close error, but never looks at the
// context: a cancelled caller still waits for every file to be copied, and is told it worked.
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

export async function concat(_ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;
  let err: Error | null = null;
  try {
    for (const name of inputs) {
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
    if (err === null) err = closeErr;
  }
  return err;
}
