// The reel extension: starts `reel lsp` (the path is the `reel.path` setting) for .scene
// files. Everything the language knows (diagnostics, hover, completion, go to definition,
// rename, formatting) comes from the server, so the editor and `reel check` never disagree.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("reel").get("path") || "reel";
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "scene" }, { scheme: "untitled", language: "scene" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.scene") },
  };
  client = new LanguageClient("reel", "reel language server", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
