/** How long-running commands learn it is time to stop: SIGINT, SIGTERM or a --duration. */
/** Resolves on SIGINT/SIGTERM or after `seconds`; the handlers are removed afterwards. */
export function stopSignal(seconds: number | undefined): { stopped: Promise<string>; dispose(): void } {
  let dispose = () => {};
  const stopped = new Promise<string>((resolve) => {
    const onSignal = (signal: string) => resolve(signal);
    const timer = seconds === undefined ? undefined : setTimeout(() => resolve('duration'), seconds * 1000);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    dispose = () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  return { stopped, dispose };
}
