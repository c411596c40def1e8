"use client";

import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";

export const TABS = ["Steps", "Modules", "JSON", "History", "Test call"] as const;
export type Tab = (typeof TABS)[number];

/** The ids of a view's tab and panel: "Test call" → `tab-test-call`, `panel-test-call` (an id
 * with a space would be two ids to aria-controls and aria-labelledby). */
export function tabIds(name: Tab): { tab: string; panel: string } {
  const slug = name.toLowerCase().replaceAll(" ", "-");
  return { tab: `tab-${slug}`, panel: `panel-${slug}` };
}

/**
 * The editor's views (`tabs`, all of them unless given); the chosen one's panel is labelled by
 * its tab (see `tabIds`). The editor draws the one panel itself: Modules and Test
 * call share the graph, which must stay mounted.
 */
export function EditorTabs({ tab, onChange, tabs = TABS }: { tab: Tab; onChange: (tab: Tab) => void; tabs?: readonly Tab[] }) {
  return (
    <Tabs value={tab} onValueChange={(value) => onChange(value as Tab)}>
      <TabsList aria-label="Editor views">
        {tabs.map((name) => (
          <TabsTrigger key={name} value={name} id={tabIds(name).tab} aria-controls={tabIds(name).panel}>
            {name}
          </TabsTrigger>
        ))}
      </TabsList>
    </Tabs>
  );
}
