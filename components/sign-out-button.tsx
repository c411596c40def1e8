"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ className }: { className?: string }) {
  return (
    <Button variant="secondary" className={className} onClick={() => signOut({ callbackUrl: "/sign-in" })}>
      <LogOut aria-hidden />
      Sign out
    </Button>
  );
}
