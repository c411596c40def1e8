import { z } from "zod";
import { MODULE_FIELD_VALUES, moduleTypeOf } from "@/server/domain/call-flow";
import { LIMIT_LABELS, PLAN_LIMITS, type PlanLimit } from "@/server/domain/plans";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";

// Shared by tRPC, the REST API (whose body is this very shape) and the Plans page's form.

export const ZPlanName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(100, "Name must be at most 100 characters")
  .refine(NO_CONTROL_CHARACTERS.check, `Name ${NO_CONTROL_CHARACTERS.message}`);

/** A limit: a whole number from 0, or null for unlimited. */
function zLimit(limit: PlanLimit) {
  const label = LIMIT_LABELS[limit];
  return z
    .int(`${label} must be a whole number, or null for unlimited`)
    .min(0, `${label} must be 0 or more`)
    .max(1_000_000, `${label} must be at most 1000000`)
    .nullable()
    .default(null);
}

export const ZPlanLimits = z.strictObject(
  Object.fromEntries(PLAN_LIMITS.map((limit) => [limit, zLimit(limit)])) as Record<PlanLimit, ReturnType<typeof zLimit>>,
);

/** Module types as the `module` field spells them; null: every type. Stored in the registry's spelling. */
export const ZPlanModules = z
  .array(
    z.string().refine((value) => moduleTypeOf(value) !== undefined, {
      message: `Not a module type: use one of ${MODULE_FIELD_VALUES.join(", ")}`,
    }),
  )
  .max(50, "At most 50 module types")
  .transform((values) => [...new Set(values.map((value) => moduleTypeOf(value)!))])
  .nullable()
  .default(null);

export const ZPlanDocument = z.object({
  name: ZPlanName,
  limits: ZPlanLimits.prefault({}),
  modules: ZPlanModules,
});
export type TPlanDocument = z.infer<typeof ZPlanDocument>;
export type TPlanDocumentInput = z.input<typeof ZPlanDocument>;

export const ZPlanId = z.string().min(1, "Plan is required");
