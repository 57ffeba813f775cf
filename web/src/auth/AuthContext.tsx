import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, unwrap } from "../api/client";
import { clearSession, getSession, onSessionChange, startSession, type Session } from "../api/http";

interface AuthValue {
  session: Session | null;
  /** The user signed out in this tab (not an expired session): go home, not to sign-in. */
  signedOut: boolean;
  login(email: string, password: string): Promise<void>;
  register(email: string, password: string, displayName: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(getSession);
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => onSessionChange(setSession), []);

  const value = useMemo<AuthValue>(
    () => ({
      session,
      signedOut,
      async login(email, password) {
        startSession(await unwrap(api.POST("/api/v1/auth/login", { body: { email, password } })));
        setSignedOut(false);
      },
      async register(email, password, displayName) {
        startSession(
          await unwrap(
            api.POST("/api/v1/auth/register", {
              body: { email, password, display_name: displayName.trim() || null },
            }),
          ),
        );
        setSignedOut(false);
      },
      async logout() {
        const refresh = getSession()?.refreshToken;
        // Forget locally first: signing out must work offline too. Ending the session on
        // the server is best effort.
        setSignedOut(true);
        clearSession();
        if (refresh) {
          await api.POST("/api/v1/auth/logout", { body: { refresh_token: refresh } }).catch(() => undefined);
        }
      },
    }),
    [session, signedOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
