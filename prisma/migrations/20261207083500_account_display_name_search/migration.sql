-- Customers are searched by handle or display name (ILIKE '%text%'): each column has its trigram index.
CREATE INDEX "Account_displayName_trgm_idx" ON "Account" USING GIN ("displayName" gin_trgm_ops);
