"use client";

import { PhoneNumberAssignment } from "./phone-number-assignment";
import { huntGroupKind, mailboxKind, phoneNumberKind, playlistKind, sipUserKind, soundKind, trunkKind } from "./resource-kinds";
import { NumberRouting } from "@/components/schedules/number-routing";
import { ScheduleSection } from "@/components/schedules/schedule-section";
import { ResourceSection } from "./resource-section";

/**
 * Everything an account's call flows can point at, one section per kind, its phone numbers,
 * schedules and routing. Numbers are inventory: staff (`manageNumbers`) add, assign and remove
 * them; customers route them.
 */
export function AccountResources({
  accountId,
  accountIsCustomer,
  manageNumbers,
}: {
  accountId: string;
  accountIsCustomer: boolean;
  manageNumbers: boolean;
}) {
  return (
    <>
      <ResourceSection kind={sipUserKind} accountId={accountId} />
      <ResourceSection kind={huntGroupKind} accountId={accountId} />
      <ResourceSection kind={soundKind} accountId={accountId} />
      <ResourceSection kind={playlistKind} accountId={accountId} />
      <ResourceSection kind={mailboxKind} accountId={accountId} />
      <ResourceSection kind={trunkKind} accountId={accountId} />
      <ResourceSection kind={phoneNumberKind} accountId={accountId} manage={manageNumbers}>
        {manageNumbers ? <PhoneNumberAssignment accountId={accountId} accountIsCustomer={accountIsCustomer} /> : null}
      </ResourceSection>
      <ScheduleSection accountId={accountId} />
      <NumberRouting accountId={accountId} />
    </>
  );
}
