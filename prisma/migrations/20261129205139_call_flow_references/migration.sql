-- CreateTable
CREATE TABLE "CallFlowReference" (
    "flowId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "resourceId" UUID NOT NULL,

    CONSTRAINT "CallFlowReference_pkey" PRIMARY KEY ("flowId","kind","resourceId")
);

-- CreateIndex
CREATE INDEX "CallFlowReference_accountId_kind_resourceId_idx" ON "CallFlowReference"("accountId", "kind", "resourceId");

-- AddForeignKey
ALTER TABLE "CallFlowReference" ADD CONSTRAINT "CallFlowReference_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "CallFlow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the references of every existing flow, read from its JSON the way
-- listReferencedResources (server/domain/call-flow/references.ts) reads them: per module type, the
-- fields holding a resource uuid (a string or an array of strings), and the SIP users and hunt
-- groups an extension module rings. Text that is not a uuid is no reference.
WITH "module" AS (
    SELECT f."id" AS "flowId", f."accountId", m."value" AS "fields",
           CASE m."value"->>'module' WHEN 'trunk' THEN 'Trunk' ELSE m."value"->>'module' END AS "type"
      FROM "CallFlow" f
     CROSS JOIN LATERAL json_each(CASE WHEN json_typeof(f."flow") = 'object' THEN f."flow" ELSE '{}'::json END) AS m
     WHERE json_typeof(m."value") = 'object'
), "resource_field" ("type", "field", "kind") AS (
    VALUES ('musiconhold', 'class', 'playlists'),
           ('play', 'sound', 'sounds'),
           ('extension', 'announcement', 'sounds'),
           ('extension', 'ringtone', 'sounds'),
           ('extension', 'ringtone', 'playlists'),
           ('pressextension', 'sound', 'sounds'),
           ('dialbyextension', 'ringtone', 'sounds'),
           ('dialbyextension', 'ringtone', 'playlists'),
           ('dialbyextension', 'sound', 'sounds'),
           ('voicemail', 'mailboxes', 'mailboxes'),
           ('conference', 'announcement', 'sounds'),
           ('conference', 'music', 'playlists'),
           ('Trunk', 'uuid', 'trunks')
), "reference" AS (
    SELECT m."flowId", m."accountId", rf."kind", v."text"
      FROM "module" m
      JOIN "resource_field" rf ON rf."type" = m."type"
     CROSS JOIN LATERAL (
            SELECT m."fields"->>rf."field" AS "text" WHERE json_typeof(m."fields"->rf."field") = 'string'
            UNION ALL
            SELECT e."value" #>> '{}' FROM json_array_elements(
                CASE WHEN json_typeof(m."fields"->rf."field") = 'array' THEN m."fields"->rf."field" ELSE '[]'::json END
            ) AS e WHERE json_typeof(e."value") = 'string'
     ) AS v
    UNION ALL
    SELECT m."flowId", m."accountId", CASE t."value"->>'type' WHEN 'sipuser' THEN 'sipUsers' ELSE 'huntGroups' END, t."value"->>'uuid'
      FROM "module" m
     CROSS JOIN LATERAL json_array_elements(
            CASE WHEN json_typeof(m."fields"->'extensions') = 'array' THEN m."fields"->'extensions' ELSE '[]'::json END
     ) AS t
     WHERE m."type" = 'extension' AND json_typeof(t."value") = 'object'
       AND t."value"->>'type' IN ('sipuser', 'huntgroup') AND json_typeof(t."value"->'uuid') = 'string'
)
INSERT INTO "CallFlowReference" ("flowId", "accountId", "kind", "resourceId")
SELECT DISTINCT "flowId", "accountId", "kind", "text"::uuid
  FROM "reference"
 WHERE "text" ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
