import { useEffect } from "react";

export const APP_NAME = "Helpdesk";

/** The tab says where its person is: "Tickets · Helpdesk", "#12 VPN drops · Helpdesk". */
export function documentTitle(place: string | undefined): string {
  return place ? `${place} · ${APP_NAME}` : APP_NAME;
}

export function useDocumentTitle(place: string | undefined): void {
  useEffect(() => {
    document.title = documentTitle(place);
  }, [place]);
}
