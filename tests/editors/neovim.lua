-- Driven by tests/neovim.rs: Neovim's own LSP client, headless, against
-- `gloss lsp`. Opens an article, misspells a slug, waits for the
-- diagnostic, applies gloss's fix, waits for the diagnostic to clear, and
-- writes what it saw, one step a line, to the file named by GLOSS_REPORT.

local report = {}
local function note(line) table.insert(report, line) end
local function finish()
  vim.fn.writefile(report, os.getenv('GLOSS_REPORT'))
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local root = vim.fn.getcwd()
  vim.cmd('edit content/articles/ceasefire-talks-egypt.md')
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'gloss',
    cmd = { os.getenv('GLOSS_BIN'), 'lsp' },
    root_dir = root,
  })
  vim.lsp.buf_attach_client(buf, client)
  local function codes()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(found, tostring(d.code or '') .. ' ' .. d.message)
    end
    return found
  end
  local function has_no_entity()
    for _, line in ipairs(codes()) do
      if line:find('no entity `antony%-blinkn`') then return true end
    end
    return false
  end
  if not vim.wait(30000, function() return vim.lsp.get_client_by_id(client).initialized end, 50) then
    note('not initialized'); return
  end
  note('attached')
  -- Misspell the slug, as typing would.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local row
  for i, line in ipairs(lines) do
    if line == '  - antony-blinken' then row = i - 1 end
  end
  vim.api.nvim_buf_set_lines(buf, row, row + 1, false, { '  - antony-blinkn' })
  if not vim.wait(30000, has_no_entity, 50) then
    note('no diagnostic: ' .. table.concat(codes(), ' | ')); return
  end
  for _, line in ipairs(codes()) do
    if line:find('antony%-blinkn') then note('diagnostic ' .. line:gsub('\n', ' ')) end
  end
  -- Ask for the fixes on that line and apply gloss's.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = row, character = 6 }, ['end'] = { line = row, character = 6 } },
    context = { diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
  local fix
  for _, answer in pairs(answers) do
    for _, action in ipairs(answer.result or {}) do
      if action.title == 'Change to `antony-blinken`' then fix = action end
    end
  end
  if not fix then note('no fix offered'); return end
  note('fix ' .. fix.title)
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  note('line ' .. vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1])
  if not vim.wait(30000, function() return not has_no_entity() end, 50) then
    note('diagnostic stayed'); return
  end
  note('cleared')
end)
if not ok then note('error ' .. tostring(err)) end
finish()
