"use client";

import { type ComponentProps, useId } from "react";
import type { FieldError } from "react-hook-form";
import { FieldBox, Hint } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { countryOptions } from "@/server/domain/phone-number";

const COUNTRIES = countryOptions();

/** The account's country: phone numbers typed in national format are read as this country's. */
export function CountryField({ error, ...select }: ComponentProps<"select"> & { name: string; error?: FieldError }) {
  const id = useId();
  return (
    <FieldBox>
      <label htmlFor={id}>Country</label>
      <Select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        {...select}
      >
        {COUNTRIES.map((country) => (
          // The server's ICU and the browser's may name a country differently ("Turkey", "Türkiye"):
          // the browser's names stand, without a hydration error.
          <option key={country.code} value={country.code} suppressHydrationWarning>
            {country.name}
          </option>
        ))}
      </Select>
      <Hint id={`${id}-hint`}>Its numbers may be typed in this country&apos;s national format.</Hint>
      {error?.message ? (
        <p id={`${id}-error`} className="text-sm text-danger" data-testid={`error-${select.name}`}>
          {error.message}
        </p>
      ) : null}
    </FieldBox>
  );
}
