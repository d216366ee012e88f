//! An OpenAI-compatible chat client (llama.cpp's server, Ollama, vLLM, hosted APIs): one
//! blocking POST to `{url}/chat/completions`, with timeouts, bounded answers and retries with
//! backoff (backon) on what may pass: refused connections, time-outs, 429 and 5xx.

use serde_json::{json, Value};
use std::time::Duration;

/// Where the model is and how to talk to it.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// The API's base URL, e.g. `http://127.0.0.1:8080/v1`.
    pub url: String,
    pub model: String,
    /// Sent as `Authorization: Bearer KEY` when set (`REEL_LLM_KEY`).
    pub key: Option<String>,
    /// For one request, connection to last byte.
    pub timeout: Duration,
    /// Attempts after the first, on errors that may pass.
    pub retries: usize,
    /// Sampling temperature; 0 for the same answer to the same request.
    pub temperature: f32,
    pub max_tokens: u32,
    pub seed: u64,
}

/// How the answer is constrained.
#[derive(Clone, Debug)]
pub enum Constraint {
    None,
    /// llama.cpp's `grammar` field (GBNF).
    Gbnf(String),
    /// OpenAI's `response_format: {type: json_schema}`.
    JsonSchema(Value),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    System(String),
    User(String),
    Assistant(String),
}

#[derive(Debug)]
pub enum LlmError {
    /// Nothing answered, or it stopped answering: may pass.
    Unreachable(String),
    /// An HTTP error status; 429 and 5xx may pass.
    Status(u16, String),
    /// An answer that is not what the API promises.
    Malformed(String),
}

impl LlmError {
    /// The server refused the request as longer than the model's context.
    pub fn context_full(&self) -> bool {
        matches!(self, LlmError::Status(400, body) if body.contains("context"))
    }

    fn transient(&self) -> bool {
        match self {
            LlmError::Unreachable(_) => true,
            LlmError::Status(code, _) => *code == 429 || *code >= 500,
            LlmError::Malformed(_) => false,
        }
    }
}

impl std::fmt::Display for LlmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LlmError::Unreachable(e) => write!(f, "no answer from the model's server: {e}"),
            LlmError::Status(code, body) if body.contains("context") => write!(
                f,
                "the model's server answered HTTP {code}: {body}\n(the request does not fit the model's context: `--mode plan` sends far less than `--mode scene`, and `--full-context` more)"
            ),
            LlmError::Status(code, body) => write!(f, "the model's server answered HTTP {code}: {body}"),
            LlmError::Malformed(e) => write!(f, "the model's server answered something that is not a chat completion: {e}"),
        }
    }
}

/// The most an answer's body may be: a scene or a plan is far smaller.
const MAX_ANSWER_BYTES: u64 = 4 << 20;

/// The request body (public so tests and `--dry-run` can see what is sent).
pub fn request_body(ep: &Endpoint, messages: &[Message], constraint: &Constraint) -> Value {
    let msgs: Vec<Value> = messages
        .iter()
        .map(|m| match m {
            Message::System(t) => json!({"role": "system", "content": t}),
            Message::User(t) => json!({"role": "user", "content": t}),
            Message::Assistant(t) => json!({"role": "assistant", "content": t}),
        })
        .collect();
    let mut body = json!({
        "model": ep.model,
        "messages": msgs,
        "temperature": ep.temperature,
        "max_tokens": ep.max_tokens,
        "seed": ep.seed,
        "stream": false,
    });
    match constraint {
        Constraint::None => {}
        Constraint::Gbnf(g) => body["grammar"] = json!(g),
        Constraint::JsonSchema(s) => body["response_format"] = json!({"type": "json_schema", "json_schema": {"name": "plan", "strict": true, "schema": s}}),
    }
    body
}

fn once(agent: &ureq::Agent, ep: &Endpoint, body: &Value) -> Result<String, LlmError> {
    let url = format!("{}/chat/completions", ep.url.trim_end_matches('/'));
    let mut req = agent.post(&url).header("Content-Type", "application/json");
    if let Some(k) = &ep.key {
        req = req.header("Authorization", &format!("Bearer {k}"));
    }
    let mut resp = req.send(body.to_string().as_bytes()).map_err(|e| LlmError::Unreachable(format!("{url}: {e}")))?;
    let status = resp.status().as_u16();
    let text = resp.body_mut().with_config().limit(MAX_ANSWER_BYTES).read_to_string().map_err(|e| LlmError::Unreachable(format!("reading the answer: {e}")))?;
    if status != 200 {
        let short: String = text.chars().take(300).collect();
        return Err(LlmError::Status(status, short));
    }
    let v: Value = serde_json::from_str(&text).map_err(|e| LlmError::Malformed(e.to_string()))?;
    v["choices"][0]["message"]["content"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| LlmError::Malformed(format!("no choices[0].message.content in {}", text.chars().take(200).collect::<String>())))
}

/// One chat completion: the assistant's text. Retries what may pass, with exponential
/// backoff (0.5 s, 1 s, 2 s, … with jitter), `ep.retries` times.
pub fn chat(ep: &Endpoint, messages: &[Message], constraint: &Constraint) -> Result<String, LlmError> {
    use backon::{BlockingRetryable, ExponentialBuilder};
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(ep.timeout)).http_status_as_error(false).build().into();
    let body = request_body(ep, messages, constraint);
    let backoff = ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(500))
        .with_max_delay(Duration::from_secs(8))
        .with_max_times(ep.retries)
        .with_jitter();
    (|| once(&agent, ep, &body))
        .retry(backoff)
        .sleep(std::thread::sleep)
        .when(LlmError::transient)
        .notify(|e, wait| eprintln!("reel: {e}; trying again in {:.1} s", wait.as_secs_f32()))
        .call()
}
