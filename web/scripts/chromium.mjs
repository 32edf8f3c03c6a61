// How every browser test and script launches Debian's Chromium: never a
// downloaded browser; the flags keep it from calling out of this network.
export const launchOptions = {
  executablePath: process.env.FEIRA_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
