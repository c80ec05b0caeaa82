/** The share cards' size: the 1.91:1 that Open Graph and Twitter's large card show uncropped. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
