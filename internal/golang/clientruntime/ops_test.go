package clientruntime

import (
	"context"
	"errors"
	"io"
	"iter"
	"mime/multipart"
	"net/url"
	"time"
)

// The operations below are written the way the generator writes them (see
// operations.go of a generated client), so that the tests call the runtime
// through the same code paths as a generated method.

// thing is a response type with optional and nullable fields.
type thing struct {
	ID          Opt[int64]  `json:"id,omitzero"`
	Name        Opt[string] `json:"name,omitzero"`
	Description Opt[string] `json:"description,omitzero"`
}

type thingPage struct {
	Data []thing `json:"data"`
	Meta Opt[struct {
		CurrentPage Opt[int64] `json:"current_page,omitzero"`
		LastPage    Opt[int64] `json:"last_page,omitzero"`
	}] `json:"meta,omitzero"`
}

type thingParams struct {
	Tags    []string
	Since   Opt[time.Time]
	Trace   Opt[string]
	Session Opt[string]
}

type uploadBody struct {
	File   io.Reader
	Title  Opt[string]
	Count  Opt[int64]
	Labels []string
}

type formBody struct {
	Name Opt[string] `json:"name,omitzero"`
	Age  Opt[int64]  `json:"age,omitzero"`
}

var secured = [][]string{{"ApiKeyAuth"}, {"BearerAuth"}}

var (
	opShowThing   = &operation{id: "showThing", method: "GET", path: "/things/{id}", security: secured}
	opCreateThing = &operation{id: "createThing", method: "POST", path: "/things", security: secured}
	opUpdateThing = &operation{id: "updateThing", method: "PATCH", path: "/things/{id}", security: secured}
	opListThings  = &operation{id: "listThings", method: "GET", path: "/things", security: secured}
	opDownload    = &operation{id: "download", method: "GET", path: "/things/{id}/file", redirect: true, security: secured}
	opUpload      = &operation{id: "upload", method: "POST", path: "/uploads"}
	opSendForm    = &operation{id: "sendForm", method: "POST", path: "/form"}
	opPutRaw      = &operation{id: "putRaw", method: "PUT", path: "/raw"}
	opWithAll     = &operation{id: "withAll", method: "GET", path: "/all", security: [][]string{{"ApiKeyAuth", "QueryKey"}, {"CookieKey"}}}
	opPing        = &operation{id: "ping", method: "GET", path: "/ping"}
)

func (c *Client) showThing(ctx context.Context, id string, params *thingParams, opts ...RequestOption) (*thing, error) {
	r := c.newRequest(opShowThing)
	r.path = "/things/" + r.pathParam("id", id)
	if params != nil {
		if params.Tags != nil {
			r.addQuery("tags", params.Tags)
		}
		if v, ok := params.Since.Get(); ok {
			r.addQuery("since", v)
		}
		if v, ok := params.Trace.Get(); ok {
			r.addHeader("X-Trace", v)
		}
		if v, ok := params.Session.Get(); ok {
			r.addCookie("session", v)
		}
	}
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	var out thing
	if err := decodeJSON(opShowThing, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) createThing(ctx context.Context, body *thing, opts ...RequestOption) (*thing, error) {
	r := c.newRequest(opCreateThing)
	r.path = "/things"
	if body == nil {
		r.err = errors.New("the request body is required")
	} else {
		r.setJSON(body)
	}
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	var out thing
	if err := decodeJSON(opCreateThing, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) updateThing(ctx context.Context, id int64, body *thing, opts ...RequestOption) error {
	r := c.newRequest(opUpdateThing)
	r.path = "/things/" + r.pathParam("id", id)
	if body != nil {
		r.setJSON(body)
	}
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

func (c *Client) listThings(ctx context.Context, opts ...RequestOption) (*thingPage, error) {
	r := c.newRequest(opListThings)
	r.path = "/things"
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	var out thingPage
	if err := decodeJSON(opListThings, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) listThingsAll(ctx context.Context, opts ...RequestOption) iter.Seq2[thing, error] {
	return paginate(func(page int64) ([]thing, int64, int64, error) {
		res, err := c.listThings(ctx, append(opts[:len(opts):len(opts)], withPage(page))...)
		if err != nil {
			return nil, 0, 0, err
		}
		meta, _ := res.Meta.Get()
		return res.Data, meta.CurrentPage.Or(0), meta.LastPage.Or(0), nil
	})
}

func (c *Client) download(ctx context.Context, id int64, opts ...RequestOption) (*url.URL, error) {
	r := c.newRequest(opDownload)
	r.path = "/things/" + r.pathParam("id", id) + "/file"
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return location(opDownload, resp)
}

func (c *Client) upload(ctx context.Context, body *uploadBody, opts ...RequestOption) error {
	r := c.newRequest(opUpload)
	r.path = "/uploads"
	r.setMultipart(func(w *multipart.Writer) error {
		if body.File != nil {
			if err := writeMultipartField(w, "file", body.File); err != nil {
				return err
			}
		}
		if v, ok := body.Title.Get(); ok {
			if err := writeMultipartField(w, "title", v); err != nil {
				return err
			}
		}
		if v, ok := body.Count.Get(); ok {
			if err := writeMultipartField(w, "count", v); err != nil {
				return err
			}
		}
		if body.Labels != nil {
			if err := writeMultipartField(w, "labels", body.Labels); err != nil {
				return err
			}
		}
		return nil
	})
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

func (c *Client) sendForm(ctx context.Context, body *formBody, opts ...RequestOption) (*Binary, error) {
	r := c.newRequest(opSendForm)
	r.path = "/form"
	if body != nil {
		r.setFormJSON(body)
	}
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return binary(resp), nil
}

func (c *Client) putRaw(ctx context.Context, body io.Reader, opts ...RequestOption) (*Binary, error) {
	r := c.newRequest(opPutRaw)
	r.path = "/raw"
	r.setRaw(body, "text/plain")
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return nil, err
	}
	return binary(resp), nil
}

func (c *Client) withAll(ctx context.Context, opts ...RequestOption) error {
	r := c.newRequest(opWithAll)
	r.path = "/all"
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

func (c *Client) ping(ctx context.Context, opts ...RequestOption) error {
	r := c.newRequest(opPing)
	r.path = "/ping"
	resp, err := c.do(ctx, r, opts)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// pet is a oneOf type, as the generator writes one.
type pet struct {
	u union
}

func (x pet) MarshalJSON() ([]byte, error)     { return x.u.marshal() }
func (x *pet) UnmarshalJSON(data []byte) error { return x.u.unmarshal(data) }
func (x pet) asThing() (thing, error) {
	var v thing
	err := x.u.as(&v)
	return v, err
}
func petFromThing(v thing) pet { return pet{u: unionOf(v)} }
