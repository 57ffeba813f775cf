import { Link } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { usePage } from "../lib/hooks";

export function Landing() {
  const heading = usePage("Practise interviews out loud");
  const { session } = useAuth();
  const start = session ? "/interviews/new" : "/register";
  return (
    <div className="landing">
      <section className="hero">
        <h1 ref={heading} tabIndex={-1}>
          Practise interviews out loud. Get honest feedback in minutes.
        </h1>
        <p className="lead">
          Intervox asks you real interview questions for your role and level, listens to your answers, and scores each
          one against a clear rubric — correctness, completeness and clarity — with the points you missed and a model
          answer.
        </p>
        <div className="actions">
          <Link to={start} className="button large">
            Start a mock interview
          </Link>
          {session ? (
            <Link to="/dashboard" className="button ghost large">
              Go to your dashboard
            </Link>
          ) : (
            <Link to="/login" className="button ghost large">
              I have an account
            </Link>
          )}
        </div>
      </section>

      <section aria-labelledby="how" className="how">
        <h2 id="how">How it works</h2>
        <ol className="steps">
          <li>
            <h3>Pick the interview</h3>
            <p>Role, seniority, topics and length. Paste a job description or add your résumé to focus it.</p>
          </li>
          <li>
            <h3>Answer by voice — or type</h3>
            <p>Each question is read aloud and shown as text. Speak naturally; pause to think. Captions follow you live.</p>
          </li>
          <li>
            <h3>See what to work on</h3>
            <p>Every answer gets a score card. The report brings it together: strengths, gaps, delivery and resources.</p>
          </li>
        </ol>
      </section>

      <section aria-labelledby="why" className="why">
        <h2 id="why">Made for calm, focused practice</h2>
        <ul className="features">
          <li>
            <strong>Voice-first, never voice-only.</strong> A text box is always there.
          </li>
          <li>
            <strong>Patient turn-taking.</strong> It waits while you think, and you can always press Done.
          </li>
          <li>
            <strong>Keyboard and screen-reader friendly.</strong> Questions and captions are announced.
          </li>
          <li>
            <strong>Self-hosted and open source.</strong> Your recordings stay on your server.
          </li>
        </ul>
      </section>
    </div>
  );
}
