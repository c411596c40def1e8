"use client";

import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { serverIssues } from "./trpc";

/**
 * Puts a failed mutation's field issues next to their fields and keeps the rest as a
 * form-level message, so the server's rules reach the user where they can act on them.
 */
export function useServerErrors<T extends FieldValues>(setError: UseFormSetError<T>, fields: readonly Path<T>[]) {
  const [formError, setFormError] = useState<string | null>(null);
  function report(error: unknown) {
    const { message, issues } = serverIssues(error);
    const unplaced = issues.filter((issue) => {
      const field = fields.find((name) => name === issue.path);
      if (field) setError(field, { type: "server", message: issue.message });
      return !field;
    });
    setFormError(unplaced.length > 0 || issues.length === 0 ? (unplaced[0]?.message ?? message) : null);
  }
  return { formError, report, clear: () => setFormError(null) };
}
