"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { ShellBrand } from "@/components/branding/shell-brand";

type ActingAccount = { id: string; name: string; kind: "platform" | "reseller" | "customer"; brand: ShellBrand };

const Context = createContext<{ account: ActingAccount | null; set: (account: ActingAccount | null) => void }>({
  account: null,
  set: () => {},
});

/** Holds the account the pages below /accounts/[accountId] act for, so the sidebar can name it and show its brand. */
export function ActingAccountProvider({ children }: { children: ReactNode }) {
  const [account, set] = useState<ActingAccount | null>(null);
  return <Context.Provider value={{ account, set }}>{children}</Context.Provider>;
}

/** Rendered by the account layout, which has looked the account up: tells the shell its name and brand. */
export function ActingAccountName({ id, name, kind, brand }: ActingAccount) {
  const { set } = useContext(Context);
  useEffect(() => {
    set({ id, name, kind, brand });
    return () => set(null);
  }, [id, name, kind, brand, set]);
  return null;
}

/** The name and kind of the account `id`, once its layout has told them. */
export function useActingAccount(id: string | undefined): Pick<ActingAccount, "name" | "kind"> | null {
  const { account } = useContext(Context);
  return account && account.id === id ? account : null;
}

/** The brand of the account acted for, while a page acts for one; staff see that account's brand. */
export function useActingBrand(): ShellBrand | null {
  return useContext(Context).account?.brand ?? null;
}
