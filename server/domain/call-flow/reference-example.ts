/**
 * The provider's documented example ("Call Pete": an IVR whose keys 1 and 2, invalid input and
 * timeout all ring one SIP user), as its create and update requests carry it. The demo data seeds
 * it for acme and the tests use it; the SIP user is whichever the account owns.
 */
export const REFERENCE_SIP_USER_ID = "92b0aca6-12aa-480c-a7b7-a31df403418c";
export const REFERENCE_FLOW_ID = "31347d42-00bd-44a5-9b5c-20dc4197a2f6";

export function referenceExample(sipUserId = REFERENCE_SIP_USER_ID, extension = 501) {
  return {
    extension,
    flow: {
      "161ec941-1c6a-4d42-b011-1c050487324d": {
        module: "start",
        next: "9085aa47-0ff0-4fd0-9c80-6077e1f475c2",
      },
      "9085aa47-0ff0-4fd0-9c80-6077e1f475c2": {
        module: "pressextension",
        next: {
          "1": "fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6",
          "2": "fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6",
          invalid: "fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6",
          timeout: "fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6",
        },
      },
      "fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6": {
        extensions: [{ type: "sipuser", uuid: sipUserId }],
        module: "extension",
      },
    },
    name: "Call Pete",
    show_call_route_name: true,
    show_original_caller_id: true,
  };
}
