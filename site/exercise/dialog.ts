/**
 * dialog — an in-page confirmation, in place of the browser's confirm(): a modal `<dialog>`
 * (showModal makes the rest of the page inert and puts the dialog above a full-screen card),
 * its message, a confirming and a cancelling button. Runs on the page's main thread.
 *
 * Focus moves to the cancelling button (the safe choice, as in confirm()), Tab and Shift+Tab
 * cycle between the dialog's buttons without leaving it, Esc cancels, and when the dialog
 * closes the focus returns to what had it before.
 */

export interface ConfirmOptions {
  message: string;
  /** confirm is the confirming button's label: the action it takes ("Replace with the starter"). */
  confirm: string;
  cancel: string;
}

/** confirmDialog asks in a dialog inside `host` and settles true when the learner confirms, false otherwise. */
export function confirmDialog(host: HTMLElement, { message, confirm, cancel }: ConfirmOptions): Promise<boolean> {
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const dialog = document.createElement("dialog");
  dialog.className = "sx-dialog";
  const text = dialog.appendChild(document.createElement("p"));
  text.id = `sx-dialog-${Math.random().toString(36).slice(2)}`;
  text.textContent = message;
  dialog.setAttribute("aria-labelledby", text.id);
  const buttons = dialog.appendChild(document.createElement("div"));
  buttons.className = "sx-dialog-buttons";
  const yes = buttons.appendChild(document.createElement("button"));
  yes.type = "button";
  yes.dataset.dialog = "confirm";
  yes.textContent = confirm;
  const no = buttons.appendChild(document.createElement("button"));
  no.type = "button";
  no.dataset.dialog = "cancel";
  no.textContent = cancel;
  host.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    yes.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener("click", () => dialog.close());
    // The cancel event is Esc: close() follows by default and the answer stays false.
    dialog.addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const order = [yes, no];
      const at = order.indexOf(document.activeElement as HTMLButtonElement);
      e.preventDefault();
      order[(at + (e.shiftKey ? -1 : 1) + order.length) % order.length].focus();
    });
    dialog.addEventListener(
      "close",
      () => {
        dialog.remove();
        if (returnTo?.isConnected) returnTo.focus();
        resolve(answer);
      },
      { once: true },
    );
    dialog.showModal();
    no.focus();
  });
}
