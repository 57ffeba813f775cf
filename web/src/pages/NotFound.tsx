import { Link } from "react-router";
import { usePage } from "../lib/hooks";

export function NotFound({ title = "Page not found", message }: { title?: string; message?: string }) {
  const heading = usePage(title);
  return (
    <div className="narrow center-page">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p>{message ?? "There is nothing at this address. It may have moved, or the link may be wrong."}</p>
      <p>
        <Link to="/" className="button">
          Go to the start page
        </Link>
      </p>
    </div>
  );
}
