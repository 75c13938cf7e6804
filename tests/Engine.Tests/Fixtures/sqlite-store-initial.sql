-- A store as the first migration (20261124042553_Initial) created it, before PostgreSQL support: the schema exactly as
-- that migration's SQLite script wrote it, and the rows an interrupted run left.
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "Definitions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Definitions" PRIMARY KEY,
    "DefinitionId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "IsLatest" INTEGER NOT NULL,
    "IsPublished" INTEGER NOT NULL,
    "Name" TEXT NULL,
    "DisplayName" TEXT NULL,
    "Description" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Json" TEXT NOT NULL
);

CREATE TABLE "Instances" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Instances" PRIMARY KEY,
    "DefinitionId" TEXT NOT NULL,
    "DefinitionVersionId" TEXT NOT NULL,
    "DefinitionVersion" INTEGER NOT NULL,
    "Name" TEXT NULL,
    "CorrelationId" TEXT NULL,
    "ParentInstanceId" TEXT NULL,
    "Status" TEXT NOT NULL,
    "CurrentActivityId" TEXT NULL,
    "VariablesJson" TEXT NOT NULL,
    "BookmarkName" TEXT NULL,
    "ResumePayloadJson" TEXT NULL,
    "FaultActivityId" TEXT NULL,
    "FaultMessage" TEXT NULL,
    "FaultType" TEXT NULL,
    "CancelRequested" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastExecutedAt" TEXT NULL,
    "FinishedAt" TEXT NULL,
    "FaultedAt" TEXT NULL,
    "CancelledAt" TEXT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseAcquiredAt" TEXT NULL,
    "LeaseExpiresAt" TEXT NULL,
    "ConcurrencyToken" INTEGER NOT NULL
);

CREATE TABLE "Journal" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Journal" PRIMARY KEY AUTOINCREMENT,
    "InstanceId" TEXT NOT NULL,
    "ActivityId" TEXT NOT NULL,
    "ActivityType" TEXT NOT NULL,
    "EventName" TEXT NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "EndedAt" TEXT NOT NULL,
    "Outcome" TEXT NULL,
    "Output" TEXT NULL,
    "Error" TEXT NULL,
    CONSTRAINT "FK_Journal_Instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "Instances" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_Definitions_DefinitionId_Version" ON "Definitions" ("DefinitionId", "Version");

CREATE INDEX "IX_Instances_CreatedAt" ON "Instances" ("CreatedAt");

CREATE INDEX "IX_Instances_ParentInstanceId" ON "Instances" ("ParentInstanceId");

CREATE INDEX "IX_Instances_Status" ON "Instances" ("Status");

CREATE INDEX "IX_Journal_InstanceId_Id" ON "Journal" ("InstanceId", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124042553_Initial', '10.0.15');

-- What a runner that died in a2 left behind: a1 journalled, the position at a2, its lease long expired.
INSERT INTO "Definitions" ("Id", "DefinitionId", "Version", "IsLatest", "IsPublished", "Name", "DisplayName", "Description", "CreatedAt", "Json")
VALUES ('0d1f2e3c4b5a69788796a5b4c3d2e1f0', 'crashed', 1, 1, 1, 'crashed', NULL, NULL, '2026-11-24 06:59:00', '{"definitionId":"crashed","name":"crashed","version":1,"isLatest":true,"isPublished":true,"variables":"{}","activities":[{"activityId":"a1","type":"Record","properties":[]},{"activityId":"a2","type":"Record","properties":[]},{"activityId":"a3","type":"Record","properties":[]}],"connections":[{"sourceActivityId":"a1","targetActivityId":"a2","outcome":"Done"},{"sourceActivityId":"a2","targetActivityId":"a3","outcome":"Done"}]}');

INSERT INTO "Instances" ("Id", "DefinitionId", "DefinitionVersionId", "DefinitionVersion", "Name", "CorrelationId", "ParentInstanceId", "Status",
    "CurrentActivityId", "VariablesJson", "BookmarkName", "ResumePayloadJson", "FaultActivityId", "FaultMessage", "FaultType", "CancelRequested",
    "CreatedAt", "LastExecutedAt", "FinishedAt", "FaultedAt", "CancelledAt", "LeaseOwner", "LeaseAcquiredAt", "LeaseExpiresAt", "ConcurrencyToken")
VALUES ('5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b', 'crashed', '0d1f2e3c4b5a69788796a5b4c3d2e1f0', 1, 'crashed', NULL, NULL, 'Running',
    'a2', '{"last":"a1"}', NULL, NULL, NULL, NULL, NULL, 0,
    '2026-11-24 07:00:00', '2026-11-24 07:00:01.5', NULL, NULL, NULL, 'old-host:4242:638000000000000000:run', '2026-11-24 07:00:00', '2026-11-24 07:00:31.5', 2);

INSERT INTO "Journal" ("Id", "InstanceId", "ActivityId", "ActivityType", "EventName", "StartedAt", "EndedAt", "Outcome", "Output", "Error")
VALUES (1, '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b', 'a1', 'Record', 'Executed', '2026-11-24 07:00:01', '2026-11-24 07:00:01.5', 'Done', NULL, NULL);

COMMIT;

