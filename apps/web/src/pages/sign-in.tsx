import { Link } from "react-router";
import { useSession } from "../session/session.tsx";
import { AuthForm } from "./auth-form.tsx";

export function SignInPage() {
  const { signIn } = useSession();
  return (
    <AuthForm
      title="Sign in"
      submitLabel="Sign in"
      passwordAutoComplete="current-password"
      onSubmit={signIn}
      footer={
        <>
          New here?{" "}
          <Link to="/signup" className="link link-primary">
            Create an account
          </Link>
        </>
      }
    />
  );
}
