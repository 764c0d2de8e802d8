import type { ComponentProps } from "react";
import ReactMarkdown, { type ExtraProps } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/** A checklist's box is read-only; it says whether the step is done, as its tick shows. */
function ChecklistBox({ node: _node, ...props }: ComponentProps<"input"> & ExtraProps) {
  if (props.type !== "checkbox") return <input {...props} />;
  return <input {...props} aria-label={props.checked ? "Done" : "Not done"} />;
}

/**
 * Markdown written by the triage engine or an LLM: raw HTML is never rendered (react-markdown skips
 * it) and what markdown produces passes GitHub's sanitize schema, so a model cannot inject script.
 * GitHub-flavoured: the engine's checklists and tables render as such.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-helpdesk text-sm leading-relaxed [&_a]:link [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-2 [&_ul]:list-disc">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={{ input: ChecklistBox }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
