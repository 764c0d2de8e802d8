/**
 * A progress bar on stderr: redrawn in place on a terminal, one line per tenth otherwise (logs).
 */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastShown = -1;
  const width = 30;
  return {
    update(done: number, total: number): void {
      const share = total > 0 ? done / total : 1;
      const percent = Math.floor(share * 100);
      const step = stream.isTTY ? percent : Math.floor(percent / 10) * 10;
      if (step === lastShown) return;
      lastShown = step;
      const filled = Math.round(share * width);
      const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}% ${done}/${total}`;
      stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
    },
    finish(): void {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
