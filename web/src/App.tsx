import { BrowserRouter, Route, Routes } from "react-router";
import { AuthProvider } from "./auth/AuthContext";
import { Layout } from "./components/Layout";
import { RequireAuth } from "./components/RequireAuth";
import { Login, Register } from "./pages/Auth";
import { Dashboard } from "./pages/Dashboard";
import { Landing } from "./pages/Landing";
import { NewInterview } from "./pages/NewInterview";
import { NotFound } from "./pages/NotFound";
import { Report } from "./pages/Report";
import { Room } from "./pages/Room";

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Landing />} />
            <Route path="login" element={<Login />} />
            <Route path="register" element={<Register />} />
            <Route path="dashboard" element={<RequireAuth><Dashboard /></RequireAuth>} />
            <Route path="interviews/new" element={<RequireAuth><NewInterview /></RequireAuth>} />
            <Route path="interviews/:id" element={<RequireAuth><Room /></RequireAuth>} />
            <Route path="interviews/:id/report" element={<RequireAuth><Report /></RequireAuth>} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
