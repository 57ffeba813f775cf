// The same password rules as the auth service (services/auth …/domain/passwords.py), so the
// form can say what is missing before the server does; the server stays the authority.
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 128;

export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD) problems.push(`at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) problems.push(`at most ${MAX_PASSWORD} characters`);
  if (!/[a-z]/.test(password)) problems.push("a lower-case letter");
  if (!/[A-Z]/.test(password)) problems.push("an upper-case letter");
  if (!/\d/.test(password)) problems.push("a digit");
  if (!/[^A-Za-z0-9]/.test(password)) problems.push("a symbol");
  return problems;
}

export interface Strength {
  /** 0 (empty) … 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
}

const COMMON = /^(password|passw0rd|qwerty|letmein|welcome|admin|iloveyou|12345|abc123)/i;

export function passwordStrength(password: string): Strength {
  if (!password) return { score: 0, label: "" };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const unique = new Set(password).size;
  let points = 0;
  if (password.length >= MIN_PASSWORD) points += 1;
  if (password.length >= 12) points += 1;
  if (password.length >= 16) points += 1;
  points += Math.max(0, classes - 2);
  if (unique < password.length / 2) points -= 1;
  if (COMMON.test(password)) points -= 2;
  if (passwordProblems(password).length > 0) points = Math.min(points, 1);
  const score = Math.max(1, Math.min(4, points)) as 1 | 2 | 3 | 4;
  return { score, label: ["", "Weak", "Fair", "Good", "Strong"][score] ?? "" };
}

export function emailProblem(email: string): string | null {
  const value = email.trim();
  if (!value) return "Enter your email address.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return "That doesn't look like an email address.";
  return null;
}
