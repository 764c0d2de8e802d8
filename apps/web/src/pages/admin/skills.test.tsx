import type { CatalogueSkill } from "@helpdesk/contracts";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeUser } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import SkillsPage, { parseAliases } from "./skills.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });
const skill = (name: string, extra: Partial<CatalogueSkill> = {}): CatalogueSkill => ({
  _id: `s-${name}`,
  name,
  aliases: [],
  retiredAt: null,
  staff: 0,
  ...extra,
});

describe("the skills page", () => {
  it("adds a skill with its aliases and changes another's aliases", async () => {
    const server = fakeApi({
      "GET /api/admin/skills": {
        body: { skills: [skill("PostgreSQL", { aliases: ["Postgres"], staff: 2 })] },
      },
      "POST /api/admin/skills": ({ body }) => ({
        status: 201,
        body: { skill: skill((body as { name: string }).name) },
      }),
      "PATCH /api/admin/skills/s-PostgreSQL": ({ body }) => ({
        body: { skill: skill("PostgreSQL", body as Partial<CatalogueSkill>) },
      }),
    });
    renderPage(<SkillsPage />, { as: admin, at: "/admin/skills" });

    const row = await screen.findByRole("listitem", { name: "PostgreSQL" });
    expect(within(row).getByText("2 people")).toBeTruthy();
    fireEvent.change(within(row).getByLabelText("Aliases of PostgreSQL"), {
      target: { value: "Postgres, pg" },
    });
    fireEvent.click(within(row).getByRole("button", { name: "Save aliases" }));

    fireEvent.change(screen.getByLabelText("New skill"), { target: { value: "Kubernetes" } });
    fireEvent.change(screen.getByPlaceholderText("k8s, kube"), { target: { value: " k8s , kube," } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));

    await waitFor(() =>
      expect(server.sentTo("POST /api/admin/skills")).toEqual([
        { name: "Kubernetes", aliases: ["k8s", "kube"] },
      ]),
    );
    expect(server.sentTo("PATCH /api/admin/skills/s-PostgreSQL")).toEqual([{ aliases: ["Postgres", "pg"] }]);
  });

  it("reads aliases from a comma-separated list, blanks dropped", () => {
    expect(parseAliases(" k8s, ,kube ,")).toEqual(["k8s", "kube"]);
  });
});
