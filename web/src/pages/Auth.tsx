import { useEffect, useId, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../api/http";
import { describeError } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { formatDuration } from "../lib/format";
import { usePage, useTicker } from "../lib/hooks";
import { emailProblem, passwordProblems, passwordStrength } from "../lib/password";
import { Alert, PasswordField } from "../components/ui";

function safeNext(raw: string | null): string {
  // Only same-site paths: never bounce the user to another origin after signing in.
  return raw && raw.startsWith("/") && !raw.startsWith("//") ? raw : "/dashboard";
}

function EmailField({
  value,
  onChange,
  error,
  onBlur,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  onBlur: () => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Email</label>
      <input
        id={id}
        name="email"
        type="email"
        inputMode="email"
        autoComplete="email"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        required
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Login() {
  const heading = usePage("Sign in");
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const now = useTicker(lockedUntil !== null, 1000);
  const lockedFor = lockedUntil ? Math.max(0, Math.ceil((lockedUntil - now) / 1000)) : 0;
  useEffect(() => {
    if (lockedUntil && lockedFor === 0) setLockedUntil(null);
  }, [lockedUntil, lockedFor]);

  const emailError = touched ? emailProblem(email) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (emailProblem(email) || !password) {
      setError(emailProblem(email) ?? "Enter your password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === "TOO_MANY_ATTEMPTS") {
        setLockedUntil(Date.now() + (err.retryAfter ?? 60) * 1000);
        setError(null);
      } else {
        setError(describeError(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow auth-page">
      <h1 ref={heading} tabIndex={-1}>
        Sign in
      </h1>
      <form onSubmit={submit} noValidate className="card form">
        {error ? <Alert>{error}</Alert> : null}
        {lockedFor > 0 ? (
          <Alert tone="warning">
            Too many failed sign-ins. For your security, try again in <strong>{formatDuration(lockedFor)}</strong>.
          </Alert>
        ) : null}
        <EmailField value={email} onChange={setEmail} error={emailError} onBlur={() => setTouched(true)} />
        <PasswordField label="Password" value={password} onChange={setPassword} autoComplete="current-password" />
        <button type="submit" className="button wide" disabled={busy || lockedFor > 0}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted">
          New here? <Link to={`/register${params.get("next") ? `?next=${encodeURIComponent(params.get("next") ?? "")}` : ""}`}>Create an account</Link>
        </p>
      </form>
    </div>
  );
}

export function Register() {
  const heading = usePage("Create your account");
  const { register } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; code?: string } | null>(null);
  const nameId = useId();
  const rulesId = useId();

  const problems = passwordProblems(password);
  const strength = passwordStrength(password);
  const emailError = touched ? emailProblem(email) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    const invalid = emailProblem(email) ?? (problems.length ? `The password needs ${problems.join(", ")}.` : null);
    if (invalid) {
      setError({ text: invalid });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await register(email.trim(), password, name);
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (err) {
      setError({ text: describeError(err), code: err instanceof ApiError ? err.code : undefined });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow auth-page">
      <h1 ref={heading} tabIndex={-1}>
        Create your account
      </h1>
      <form onSubmit={submit} noValidate className="card form">
        {error ? (
          <Alert>
            {error.text}
            {error.code === "EMAIL_EXISTS" ? (
              <>
                {" "}
                <Link to="/login">Sign in instead</Link>.
              </>
            ) : null}
          </Alert>
        ) : null}
        <div className="field">
          <label htmlFor={nameId}>
            Name <span className="muted">(optional)</span>
          </label>
          <input id={nameId} name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </div>
        <EmailField value={email} onChange={setEmail} error={emailError} onBlur={() => setTouched(true)} />
        <PasswordField
          label="Password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          describedBy={rulesId}
          invalid={touched && problems.length > 0}
        />
        <div id={rulesId} className="password-help">
          <div className="strength" aria-hidden="true">
            {[1, 2, 3, 4].map((step) => (
              <span key={step} className={`strength-step${strength.score >= step ? ` on s${strength.score}` : ""}`} />
            ))}
          </div>
          <p className="small" aria-live="polite">
            {password ? (
              <>
                Strength: <strong>{strength.label}</strong>.{" "}
                {problems.length ? `Still needs ${problems.join(", ")}.` : "Meets every rule."}
              </>
            ) : (
              "At least 8 characters, with upper- and lower-case letters, a digit and a symbol."
            )}
          </p>
        </div>
        <button type="submit" className="button wide" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
        <p className="muted">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </form>
    </div>
  );
}
