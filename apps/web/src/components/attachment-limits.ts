import type { AttachmentLimits } from "@helpdesk/contracts";
import { formatFileSize } from "@helpdesk/contracts/constants";

/**
 * What is wrong with the files chosen for one ticket or reply, in the server's words, so the form
 * says so before sending (the server checks again). Nothing while the limits are not known yet.
 */
export function problemsWithFiles(
  files: { name: string; size: number }[],
  limits?: AttachmentLimits,
): string[] {
  if (!limits) return [];
  const problems: string[] = [];
  if (files.length > limits.maxFiles) {
    problems.push(
      limits.maxFiles === 0
        ? "Attachments are turned off here"
        : `Attach at most ${limits.maxFiles} files at a time`,
    );
  }
  for (const file of files) {
    if (file.size > limits.maxFileBytes) {
      problems.push(
        `“${file.name}” is too large: a file may be at most ${formatFileSize(limits.maxFileBytes)}`,
      );
    }
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > limits.maxTotalBytes && files.length > 1) {
    problems.push(
      `The files come to ${formatFileSize(total)}; together they may be at most ${formatFileSize(limits.maxTotalBytes)}`,
    );
  }
  return problems;
}
