-- Drives the Notify language server from headless Neovim (0.7+), the way the
-- setup in docs/other-editors.md does, and writes what the editor got to
-- $NOTIFY_OUT as JSON: diagnostics, completion, hover, and the buffer after
-- formatting. Positions come from the environment (0-based, UTF-16).
local out = {}

local function first_result(responses)
  for _, r in pairs(responses or {}) do
    if r.result ~= nil then return r.result end
    if r.err ~= nil then return { error = r.err } end
  end
  return nil
end

local function run()
  vim.cmd('autocmd BufRead,BufNewFile *.notify setfiletype notify')
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.NOTIFY_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[bufnr].filetype

  local client_id = vim.lsp.start_client({
    name = 'notify',
    cmd = { vim.env.NOTIFY_NODE, vim.env.NOTIFY_SERVER, '--stdio' },
    root_dir = vim.fn.fnamemodify(vim.env.NOTIFY_FILE, ':p:h'),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)

  out.diagnosticsArrived = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, code = code, message = d.message })
  end

  local uri = vim.uri_from_bufnr(bufnr)
  local function at(line, character)
    return { textDocument = { uri = uri }, position = { line = tonumber(line), character = tonumber(character) } }
  end

  local completion = first_result(vim.lsp.buf_request_sync(bufnr, 'textDocument/completion',
    at(vim.env.COMPLETE_LINE, vim.env.COMPLETE_CHAR), 20000))
  out.completion = {}
  if completion then
    for _, item in ipairs(completion.items or completion) do table.insert(out.completion, item.label) end
  end

  local hover = first_result(vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    at(vim.env.HOVER_LINE, vim.env.HOVER_CHAR), 20000))
  out.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL

  local edits = first_result(vim.lsp.buf_request_sync(bufnr, 'textDocument/formatting',
    { textDocument = { uri = uri }, options = { tabSize = 4, insertSpaces = true } }, 20000))
  if edits and #edits > 0 then vim.lsp.util.apply_text_edits(edits, bufnr, 'utf-16') end
  out.formatted = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'

  vim.lsp.stop_client(client_id)
end

local ok, err = pcall(run)
if not ok then out.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.NOTIFY_OUT)
vim.cmd('qa!')
