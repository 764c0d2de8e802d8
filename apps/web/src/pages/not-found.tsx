import { Link } from "react-router";
import { useDocumentTitle } from "../components/document-title.ts";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center gap-3 text-center">
      <p className="text-6xl font-bold text-base-content/60">404</p>
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <p className="text-base-content/70">The link may be old, or the ticket may not be yours to see.</p>
      <Link to="/tickets" className="btn btn-primary btn-sm">
        Back to tickets
      </Link>
    </div>
  );
}
