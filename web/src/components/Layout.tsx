import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";

export function Layout() {
  const { session, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={session ? "/dashboard" : "/"} className="brand" aria-label="Intervox home">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M9 12v8M13 9v14M17 12v8M21 14v4M24 15v2" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
          </svg>
          <span>Intervox</span>
        </Link>
        <nav aria-label="Main">
          {session ? (
            <ul className="nav-list">
              <li>
                <NavLink to="/dashboard">Dashboard</NavLink>
              </li>
              <li>
                <NavLink to="/interviews/new">New interview</NavLink>
              </li>
              <li>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    // Leave the signed-in page first, or it would bounce to the sign-in form.
                    navigate("/", { replace: true });
                    void logout();
                  }}
                >
                  Sign out
                </button>
              </li>
            </ul>
          ) : (
            <ul className="nav-list">
              <li>
                <NavLink to="/login">Sign in</NavLink>
              </li>
              <li>
                <Link to="/register" className="button small">
                  Create account
                </Link>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>Intervox — open-source mock interviews. Your answers stay on this server.</p>
      </footer>
    </div>
  );
}
