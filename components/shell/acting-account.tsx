"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";

type ActingAccount = { id: string; name: string };

const Context = createContext<{ account: ActingAccount | null; set: (account: ActingAccount | null) => void }>({
  account: null,
  set: () => {},
});

/** Holds the account the pages below /accounts/[accountId] act for, so the sidebar can name it. */
export function ActingAccountProvider({ children }: { children: ReactNode }) {
  const [account, set] = useState<ActingAccount | null>(null);
  return <Context.Provider value={{ account, set }}>{children}</Context.Provider>;
}

/** Rendered by the account layout, which has looked the account up: tells the shell its name. */
export function ActingAccountName({ id, name }: ActingAccount) {
  const { set } = useContext(Context);
  useEffect(() => {
    set({ id, name });
    return () => set(null);
  }, [id, name, set]);
  return null;
}

/** The name of the account `id`, once its layout has told it. */
export function useActingAccountName(id: string | undefined): string | null {
  const { account } = useContext(Context);
  return account && account.id === id ? account.name : null;
}
